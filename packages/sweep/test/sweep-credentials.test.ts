// Where a sweep's communities come from: flags, then a credentials file, then the environment — the JSON list
// (how programs such as the dashboard pass them, any text intact) before the comma-separated one.
import { describe, expect, it } from 'vitest';
import { ENV, resolveCredentials } from '../src/credentials';

describe('sweep credentials from the environment', () => {
  it('takes the JSON list as it is: commas and spaces stay inside one community', () => {
    const env = { [ENV.communitiesJson]: JSON.stringify(['pub,lic', ' spaced ', 'x']) };
    expect(resolveCredentials({}, env).communities).toEqual(['pub,lic', ' spaced ', 'x']);
  });

  it('prefers the JSON list to the comma-separated one, and flags to both', () => {
    const env = { [ENV.communitiesJson]: '["a,b"]', [ENV.communities]: 'c,d' };
    expect(resolveCredentials({}, env).communities).toEqual(['a,b']);
    expect(resolveCredentials({}, { [ENV.communities]: 'c,d' }).communities).toEqual(['c', 'd']);
    expect(resolveCredentials({ community: ['flag'] }, env).communities).toEqual(['flag']);
  });

  it('refuses a JSON value that is not a list of strings without showing it', () => {
    for (const bad of ['s3cret', '{"c":"s3cret"}', '["s3cret", 1]']) {
      let message = '';
      try {
        resolveCredentials({}, { [ENV.communitiesJson]: bad });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain(ENV.communitiesJson);
      expect(message).not.toContain('s3cret');
    }
  });
});
