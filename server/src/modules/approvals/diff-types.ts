/** What changed between two content versions (pure types: the client imports them too). */
export interface TextPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  /** For text fields: the word diff. */
  parts?: TextPart[];
}

export interface VariantDiff {
  variantId: string;
  channelAccountId: string;
  segmentId: string | null;
  change: 'added' | 'removed' | 'changed' | 'unchanged';
  fields: FieldChange[];
}

export interface PostDiff {
  post: FieldChange[];
  variants: VariantDiff[];
}
