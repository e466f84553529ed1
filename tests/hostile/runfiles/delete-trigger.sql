-- a trigger that deletes recorded history whenever anything is added (import, a new recording).
CREATE TRIGGER purge AFTER INSERT ON records BEGIN DELETE FROM records WHERE id < 100; END;
CREATE TRIGGER purge_messages AFTER INSERT ON messages BEGIN DELETE FROM messages WHERE seq < 100; END;
