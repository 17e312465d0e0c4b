-- The daemon's tables as Prisma's migrations create them on PostgreSQL (SPEC §1):
-- quoted CamelCase names, DateTime as timestamp(3) without time zone holding UTC,
-- statuses as PostgreSQL enums. Loaded into the current search_path.
-- tests/integration/harness.py derives variants from this text (status as TEXT,
-- timestamptz columns): keep the type spellings "TIMESTAMP(3)" and "status" "…Status".

-- CreateEnum
CREATE TYPE "WorkerStatus" AS ENUM ('STARTING', 'RUNNING', 'STOPPING', 'STOPPED');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCESS', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateTable
CREATE TABLE "WorkerInstance" (
    "id" TEXT NOT NULL,
    "workerType" TEXT NOT NULL,
    "status" "WorkerStatus" NOT NULL DEFAULT 'STARTING',
    "hostname" TEXT,
    "pid" INTEGER,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastHeartbeatAt" TIMESTAMP(3),

    CONSTRAINT "WorkerInstance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobSchedule" (
    "id" TEXT NOT NULL,
    "cron" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "nextRunAt" TIMESTAMP(3),
    "lastRunAt" TIMESTAMP(3),
    "lockedAt" TIMESTAMP(3),
    "lockedBy" TEXT,

    CONSTRAINT "JobSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" TEXT NOT NULL,
    "scheduleId" TEXT,
    "jobName" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "error" TEXT,
    "createdAt" TIMESTAMP(3),
    "durationMs" INTEGER,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WorkerInstance_workerType_status_idx" ON "WorkerInstance"("workerType", "status");

-- CreateIndex
CREATE INDEX "WorkerInstance_workerType_startedAt_idx" ON "WorkerInstance"("workerType", "startedAt");

-- CreateIndex
CREATE INDEX "JobSchedule_enabled_nextRunAt_idx" ON "JobSchedule"("enabled", "nextRunAt");

-- CreateIndex
CREATE INDEX "JobRun_scheduleId_startedAt_idx" ON "JobRun"("scheduleId", "startedAt");

-- CreateIndex
CREATE INDEX "JobRun_status_idx" ON "JobRun"("status");

-- AddForeignKey
ALTER TABLE "JobRun" ADD CONSTRAINT "JobRun_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "JobSchedule"("id") ON DELETE SET NULL ON UPDATE CASCADE;
