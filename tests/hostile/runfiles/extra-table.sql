-- a table EventLoom does not create.
CREATE TABLE notes (x TEXT);
