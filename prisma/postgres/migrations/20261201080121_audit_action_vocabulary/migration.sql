-- One audit vocabulary: every provider-credential action is credential.*
UPDATE "AuditEvent" SET "action" = 'credential.master_key_rotated' WHERE "action" = 'credentials.master_key_rotated';
