-- The daemon's tables with snake_case names (--naming=snake, SPEC §1), e.g. from a
-- Prisma schema with @@map/@map. Same shape as prisma.sql; loaded into the current
-- search_path. Keep the spellings "TIMESTAMP(3)" and "status …_status" (see prisma.sql).

CREATE TYPE worker_status AS ENUM ('STARTING', 'RUNNING', 'STOPPING', 'STOPPED');

CREATE TYPE job_status AS ENUM ('QUEUED', 'RUNNING', 'SUCCESS', 'COMPLETED', 'FAILED', 'CANCELLED');

CREATE TABLE worker_instance (
    id TEXT NOT NULL,
    worker_type TEXT NOT NULL,
    status worker_status NOT NULL DEFAULT 'STARTING',
    hostname TEXT,
    pid INTEGER,
    started_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_heartbeat_at TIMESTAMP(3),

    CONSTRAINT worker_instance_pkey PRIMARY KEY (id)
);

CREATE TABLE job_schedule (
    id TEXT NOT NULL,
    cron TEXT,
    enabled BOOLEAN NOT NULL DEFAULT true,
    next_run_at TIMESTAMP(3),
    last_run_at TIMESTAMP(3),
    locked_at TIMESTAMP(3),
    locked_by TEXT,

    CONSTRAINT job_schedule_pkey PRIMARY KEY (id)
);

CREATE TABLE job_run (
    id TEXT NOT NULL,
    schedule_id TEXT,
    job_name TEXT NOT NULL,
    status job_status NOT NULL DEFAULT 'QUEUED',
    started_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    finished_at TIMESTAMP(3),
    error TEXT,
    created_at TIMESTAMP(3),
    duration_ms INTEGER,

    CONSTRAINT job_run_pkey PRIMARY KEY (id)
);

CREATE INDEX worker_instance_worker_type_status_idx ON worker_instance (worker_type, status);
CREATE INDEX worker_instance_worker_type_started_at_idx ON worker_instance (worker_type, started_at);
CREATE INDEX job_schedule_enabled_next_run_at_idx ON job_schedule (enabled, next_run_at);
CREATE INDEX job_run_schedule_id_started_at_idx ON job_run (schedule_id, started_at);
CREATE INDEX job_run_status_idx ON job_run (status);

ALTER TABLE job_run ADD CONSTRAINT job_run_schedule_id_fkey FOREIGN KEY (schedule_id)
    REFERENCES job_schedule (id) ON DELETE SET NULL ON UPDATE CASCADE;
