-- a trigger that deletes recorded history whenever anything is added (import, a new recording).
CREATE TRIGGER purge AFTER INSERT ON trace BEGIN DELETE FROM trace WHERE id < 100; END;
CREATE TRIGGER purge_messages AFTER INSERT ON events BEGIN DELETE FROM events WHERE seq < 100; END;
CREATE TRIGGER purge_blocks AFTER INSERT ON trace BEGIN DELETE FROM message_blocks; END;
