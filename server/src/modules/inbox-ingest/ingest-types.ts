/** One customer message (or its edit / removal) as a webhook or a poll reported it, before threading. */
export interface IngestItem {
  provider: 'facebook_page' | 'instagram' | 'x';
  /** The network id of our account: Page id, Instagram business account id, X user id. */
  accountRemoteId: string;
  action: 'upsert' | 'delete';
  /** The network said it was edited (Meta `verb: edited`); a poll with a different text counts too. */
  edited: boolean;
  remoteId: string;
  parentRemoteId: string | null;
  /** Our post / media id (Meta), the X conversation id; null when the payload does not say (X webhooks). */
  threadRemoteId: string | null;
  author: { remoteId: string; name: string; handle: string | null };
  text: string;
  createdAt: Date;
}
