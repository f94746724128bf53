import { describe, expect, it } from 'vitest';
import { encodeGoJson } from '../go-json';
import { messageStruct, truncateSlack, type SlackMessage } from './message';

describe('messageStruct', () => {
  it('encodes Alertmanager’s request: field order, omitempty, always-present text/fallback/callback_id/footer', () => {
    const m: SlackMessage = {
      channel: '',
      username: 'am',
      iconEmoji: '',
      iconUrl: '',
      linkNames: false,
      text: '',
      attachment: {
        title: 'T',
        titleLink: '',
        pretext: '',
        text: '',
        fallback: 'F',
        callbackId: '',
        fields: [{ title: 'a', value: 'b', short: false }],
        actions: [
          {
            type: 'button',
            text: 'Ack',
            url: '',
            style: '',
            name: 'ack',
            value: 'v',
            confirm: { text: 'Sure?', title: '', okText: 'Yes', dismissText: '' },
          },
        ],
        imageUrl: '',
        thumbUrl: '',
        footer: '',
        color: 'danger',
        mrkdwnIn: ['text'],
      },
    };
    expect(encodeGoJson(messageStruct(m))).toBe(
      '{"username":"am","attachments":[{"title":"T","text":"","fallback":"F","callback_id":"",' +
        '"fields":[{"title":"a","value":"b","short":false}],' +
        '"actions":[{"type":"button","text":"Ack","name":"ack","value":"v","confirm":{"text":"Sure?","ok_text":"Yes"}}],' +
        '"footer":"","color":"danger","mrkdwn_in":["text"]}]}',
    );
  });
});

describe('truncateSlack', () => {
  it.each([
    ['short', 10, 'short'],
    ['abcdefghij', 5, 'abcd…'],
    ['ab&amp;cd', 5, 'ab…'],
    ['see <http://x/y|link> now', 12, 'see …'],
    ['see <http://x|l> now and later', 20, 'see <http://x|l> no…'],
    ['äöüßäöü', 4, 'äöü…'],
  ])('%j to %d', (text, max, expected) => {
    expect(truncateSlack(text, max)).toBe(expected);
  });
});
