-- CreateIndex
CREATE INDEX "Variant_workspaceId_segmentId_scheduledAt_idx" ON "Variant"("workspaceId", "segmentId", "scheduledAt");
