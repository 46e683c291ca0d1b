-- Each hub process keeps the devices it has seen (token -> member, group, role) so that a
-- push costs no look-up round trip. Whatever could change what a token stands for (a device
-- revoked, a member removed, moved or given another role; a member who leaves has her
-- devices deleted) tells every process to forget them: NOTIFY linli_actors, delivered when
-- the transaction commits. Joins (new rows) and other edits of a member tell nobody.
CREATE FUNCTION linli_actors_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('linli_actors', '');
    RETURN NULL;
END $$;
CREATE TRIGGER hub_devices_gone AFTER DELETE OR UPDATE OF member_id, token_hash ON hub_devices
    FOR EACH STATEMENT EXECUTE FUNCTION linli_actors_changed();
CREATE TRIGGER members_role_changed AFTER UPDATE ON members FOR EACH ROW
    WHEN (OLD.body->>'role' IS DISTINCT FROM NEW.body->>'role'
          OR OLD.group_id IS DISTINCT FROM NEW.group_id)
    EXECUTE FUNCTION linli_actors_changed();
CREATE TRIGGER members_removed AFTER DELETE ON members
    FOR EACH STATEMENT EXECUTE FUNCTION linli_actors_changed();
