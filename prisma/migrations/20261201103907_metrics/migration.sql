-- AlterTable
ALTER TABLE "Variant" ADD COLUMN     "followersAtPublish" INTEGER;

-- CreateTable
CREATE TABLE "MetricSnapshot" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "variantId" UUID NOT NULL,
    "checkpoint" TEXT NOT NULL,
    "reactions" INTEGER NOT NULL,
    "comments" INTEGER NOT NULL,
    "shares" INTEGER NOT NULL,
    "impressions" INTEGER,
    "reach" INTEGER,
    "fetchedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MetricSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FollowerSnapshot" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "channelAccountId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "followers" INTEGER NOT NULL,
    "fetchedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FollowerSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MetricSnapshot_workspaceId_fetchedAt_idx" ON "MetricSnapshot"("workspaceId", "fetchedAt");

-- CreateIndex
CREATE UNIQUE INDEX "MetricSnapshot_variantId_checkpoint_key" ON "MetricSnapshot"("variantId", "checkpoint");

-- CreateIndex
CREATE INDEX "FollowerSnapshot_workspaceId_day_idx" ON "FollowerSnapshot"("workspaceId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "FollowerSnapshot_channelAccountId_day_key" ON "FollowerSnapshot"("channelAccountId", "day");

-- CreateIndex
CREATE INDEX "Variant_workspaceId_publishedAt_idx" ON "Variant"("workspaceId", "publishedAt");

-- AddForeignKey
ALTER TABLE "MetricSnapshot" ADD CONSTRAINT "MetricSnapshot_variantId_fkey" FOREIGN KEY ("variantId") REFERENCES "Variant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowerSnapshot" ADD CONSTRAINT "FollowerSnapshot_channelAccountId_fkey" FOREIGN KEY ("channelAccountId") REFERENCES "ChannelAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;
