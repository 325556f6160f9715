-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'channel_needs_reconnect';
