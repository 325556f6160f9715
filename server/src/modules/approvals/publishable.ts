/**
 * The publisher's check inside its claim: a variant goes out only while its post is scheduled and
 * the version being published is the approved one (pure).
 */
export function isPublishable(post: { state: string; version: number; approvedVersion: number | null }, variant: { state: string }): boolean {
  return post.state === 'scheduled' && post.approvedVersion === post.version && variant.state === 'scheduled';
}
