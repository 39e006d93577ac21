-- Model versions are immutable: a version id must always name the same parameters,
-- so every edge, audit entry and alias that points at it stays true.
CREATE FUNCTION "model_versions_reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'model_versions is immutable: % rejected', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "model_versions_immutable_row" BEFORE UPDATE OR DELETE ON "model_versions"
  FOR EACH ROW EXECUTE FUNCTION "model_versions_reject_change"();
--> statement-breakpoint
CREATE TRIGGER "model_versions_immutable_truncate" BEFORE TRUNCATE ON "model_versions"
  FOR EACH STATEMENT EXECUTE FUNCTION "model_versions_reject_change"();
