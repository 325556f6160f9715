/** Job names of the inbox queues (queueNames.inboxDeliveries and queueNames.inboxIngest) and their deterministic ids. */
export const PROCESS_DELIVERIES_JOB = 'process-deliveries';
export const SWEEP_DELIVERIES_JOB = 'sweep-deliveries';
export const POLL_CHANNELS_JOB = 'poll-channels';
export const POLL_CHANNEL_JOB = 'poll-channel';
export const MARK_OVERDUE_JOB = 'mark-overdue';

export interface ProcessDeliveriesData {
  deliveryIds: string[];
}
export interface PollChannelData {
  channelAccountId: string;
}

export const processDeliveriesJobId = (firstDeliveryId: string) => `deliveries.${firstDeliveryId}`;
