-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'publish_at_risk';
