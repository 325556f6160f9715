/**
 * Human messages for validation problems, in i18next's format: `{{param}}`
 * placeholders, and `<code>_<provider>` for a network-specific wording (i18next
 * "context"), so the client can copy them under `validation.<code>`.
 * Import nothing from the server here except the files of this folder.
 */
import type { Provider } from './network-rules';
import type { Problem, ProblemCode } from './validate-variant';

export type MessageLanguage = 'ko' | 'en';

export const problemMessages: Record<MessageLanguage, Record<ProblemCode, string>> = {
  ko: {
    text_too_long: '{{max}}자까지 쓸 수 있어요 (지금 {{length}}자).',
    text_empty: '내용을 쓰거나 사진·동영상을 첨부해 주세요.',
    too_many_hashtags: '해시태그는 {{max}}개까지 쓸 수 있어요 (지금 {{count}}개).',
    too_many_mentions: '@멘션은 {{max}}개까지 쓸 수 있어요 (지금 {{count}}개).',
    media_required: '이 채널에는 사진이나 동영상을 하나 이상 첨부해야 해요.',
    too_many_images: '이미지는 {{max}}장까지 첨부할 수 있어요 (지금 {{count}}장).',
    too_many_videos: '동영상은 {{max}}개까지 첨부할 수 있어요 (지금 {{count}}개).',
    too_many_media: '사진과 동영상은 합쳐서 {{max}}개까지 첨부할 수 있어요 (지금 {{count}}개).',
    mixed_media: '이 채널에서는 이미지와 동영상을 한 게시물에 함께 올릴 수 없어요.',
    media_type_unsupported: '지원하지 않는 파일 형식이에요 ({{mimeType}}). {{allowed}} 파일을 올려 주세요.',
    media_too_large: '파일이 너무 커요 ({{size}}). {{maxSize}} 이하로 올려 주세요.',
    video_too_long: '동영상이 너무 길어요 ({{seconds}}초). {{maxSeconds}}초 이하로 줄여 주세요.',
    video_too_short: '동영상이 너무 짧아요 ({{seconds}}초). {{minSeconds}}초 이상이어야 해요.',
    aspect_ratio_unsupported: '이미지 비율이 맞지 않아요 ({{width}}×{{height}}). 가로:세로 비율이 {{min}}에서 {{max}} 사이여야 해요.',
    link_invalid: '링크는 http:// 또는 https://로 시작하는 주소여야 해요.',
    scheduled_in_past: '예약 시간이 이미 지났어요. 지금 이후로 정해 주세요.',
    first_comment_unsupported: '이 채널에서는 첫 댓글을 함께 예약할 수 없어요.',
    targeting_unsupported: '이 채널은 게시물 타기팅을 지원하지 않아요. 세그먼트는 계획용 라벨로만 쓰이고, 게시물은 모두에게 보여요.',
  },
  en: {
    text_too_long: 'You can write up to {{max}} characters (now {{length}}).',
    text_empty: 'Write something or attach a photo or video.',
    too_many_hashtags: 'You can use up to {{max}} hashtags (now {{count}}).',
    too_many_mentions: 'You can use up to {{max}} @mentions (now {{count}}).',
    media_required: 'This network needs at least one photo or video.',
    too_many_images: 'You can attach up to {{max}} images (now {{count}}).',
    too_many_videos: 'You can attach up to {{max}} videos (now {{count}}).',
    too_many_media: 'You can attach up to {{max}} photos and videos in total (now {{count}}).',
    mixed_media: 'This network does not allow images and a video in the same post.',
    media_type_unsupported: 'This file type is not supported ({{mimeType}}). Use {{allowed}}.',
    media_too_large: 'This file is too large ({{size}}). The limit is {{maxSize}}.',
    video_too_long: 'This video is too long ({{seconds}} s). The limit is {{maxSeconds}} s.',
    video_too_short: 'This video is too short ({{seconds}} s). It must be at least {{minSeconds}} s.',
    aspect_ratio_unsupported: 'This image’s shape is not supported ({{width}}×{{height}}). The aspect ratio must be between {{min}} and {{max}}.',
    link_invalid: 'The link must be a web address starting with http:// or https://.',
    scheduled_in_past: 'This time has already passed. Pick a time in the future.',
    first_comment_unsupported: 'This network does not support scheduling a first comment.',
    targeting_unsupported: 'This network has no audience targeting for posts. The segment is only a planning label; everyone can see the post.',
  },
};

/** Network-specific wordings, keyed `<code>_<provider>`; used when the problem's `provider` param matches. */
export const problemMessageVariants: Record<MessageLanguage, Partial<Record<`${ProblemCode}_${Provider}`, string>>> = {
  ko: {
    text_too_long_x: 'X에서는 가중치 기준 {{max}}자까지 쓸 수 있어요 (지금 {{length}}자). 한글은 2자, 링크는 23자로 셉니다.',
  },
  en: {
    text_too_long_x: 'X allows {{max}} weighted characters (now {{length}}). Korean, Chinese and Japanese characters count as 2, every link as 23.',
  },
};

/** The message for one problem, with its params filled in. */
export function formatProblem(problem: Problem, lang: MessageLanguage): string {
  const provider = problem.params.provider;
  const variant =
    typeof provider === 'string' ? problemMessageVariants[lang][`${problem.code}_${provider}` as `${ProblemCode}_${Provider}`] : undefined;
  return interpolate(variant ?? problemMessages[lang][problem.code], problem.params);
}

/** Replaces `{{name}}`; a placeholder without a param stays visible rather than vanishing. */
function interpolate(template: string, params: Problem['params']): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined ? placeholder : String(value);
  });
}
