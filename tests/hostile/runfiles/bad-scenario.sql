-- a stored scenario that does not load: reported at the run file, not at the scenario's own path.
UPDATE run SET value = '{
  "id": "broken",
  "topics": 7
}' WHERE key = 'scenario';
