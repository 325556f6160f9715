-- CreateEnum
CREATE TYPE "PublishOutcome" AS ENUM ('started', 'succeeded', 'rate_limited', 'transient', 'rejected', 'auth_expired', 'unknown', 'adopted', 'skipped');

-- AlterTable
ALTER TABLE "ChannelAccount" ADD COLUMN     "credentials" TEXT,
ADD COLUMN     "credentialsKeyId" TEXT,
ADD COLUMN     "pausedAt" TIMESTAMPTZ(3),
ADD COLUMN     "tokenExpiresAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Variant" ADD COLUMN     "failureKind" TEXT,
ADD COLUMN     "failureReason" TEXT,
ADD COLUMN     "heldAt" TIMESTAMPTZ(3),
ADD COLUMN     "publishedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "publishingPausedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "PublishAttempt" (
    "id" UUID NOT NULL,
    "variantId" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "scheduleVersion" INTEGER NOT NULL,
    "contentVersion" INTEGER NOT NULL,
    "jobId" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "outcome" "PublishOutcome" NOT NULL DEFAULT 'started',
    "errorMessage" TEXT,
    "remoteId" TEXT,

    CONSTRAINT "PublishAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PublishAttempt_variantId_startedAt_idx" ON "PublishAttempt"("variantId", "startedAt");

-- CreateIndex
CREATE INDEX "Variant_state_scheduledAt_idx" ON "Variant"("state", "scheduledAt");

-- AddForeignKey
ALTER TABLE "PublishAttempt" ADD CONSTRAINT "PublishAttempt_variantId_fkey" FOREIGN KEY ("variantId") REFERENCES "Variant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
