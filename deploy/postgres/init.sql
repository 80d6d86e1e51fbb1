-- Runs once, when the postgres container initialises an empty data directory (as the
-- POSTGRES_USER superuser, `studioflow`). Each service creates and migrates its own schema
-- (identity, crm, projects, finance, notifications) with MIGRATE_ON_BOOT=true.
SELECT 'CREATE DATABASE studioflow OWNER studioflow ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'studioflow')\gexec

-- Timestamps are timestamptz in UTC; tenant time zones are applied by the services.
ALTER DATABASE studioflow SET timezone TO 'UTC';
