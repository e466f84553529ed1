-- an index EventLoom does not create, on an expression (it would run on every insert).
CREATE INDEX records_slow ON records (length(detail) * 2);
