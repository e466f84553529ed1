-- trace records with a column EventLoom does not create.
ALTER TABLE trace ADD COLUMN extra TEXT;
