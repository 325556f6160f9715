-- AlterTable
ALTER TABLE "InboxMessage" ADD COLUMN     "claimedAt" TIMESTAMPTZ(3),
ADD COLUMN     "failureKind" TEXT;

-- CreateIndex
CREATE INDEX "Conversation_workspaceId_lastMessageAt_idx" ON "Conversation"("workspaceId", "lastMessageAt");

-- CreateIndex
CREATE INDEX "InboxMessage_deliveryState_idx" ON "InboxMessage"("deliveryState");

-- Inbox search over message text: words and word prefixes in any language ('simple' keeps Korean words whole).
-- An expression index, which schema.prisma cannot express; Prisma's differ leaves it alone.
CREATE INDEX "InboxMessage_text_search_idx" ON "InboxMessage" USING GIN (to_tsvector('simple'::regconfig, "text"));
