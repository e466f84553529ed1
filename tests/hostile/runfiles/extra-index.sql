-- an index EventLoom does not create, on an expression (it would run on every insert).
CREATE INDEX records_slow ON trace (length(t) * 2);
