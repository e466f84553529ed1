-- records with a column EventLoom does not create.
ALTER TABLE records ADD COLUMN extra TEXT;
