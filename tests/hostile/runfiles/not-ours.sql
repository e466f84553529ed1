-- another application's database (application id changed).
PRAGMA application_id = 1234;
