/**
 * The one Octokit the action uses: @actions/github's client (proxy-aware fetch, GHES base URL)
 * with retry and throttling, so a flaky or rate-limited API slows the run down instead of failing it.
 */
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { retry, type RetryOptions } from '@octokit/plugin-retry';
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface ClientSettings {
  /**
   * REST base URL. @actions/github reads GITHUB_API_URL once, when it is first imported; reading it
   * here again at call time keeps GHES working and lets tests point the client at a local server.
   */
  baseUrl?: string;
  /** Merged over the production throttle settings (tests shorten the waits). */
  throttle?: Partial<ThrottlingOptions>;
  retry?: RetryOptions;
}

/** Secondary-limit and rate-limit retries allowed per request before giving up. */
const MAX_RATE_LIMIT_RETRIES = 2;

export function createGitHubClient(token: string, settings: ClientSettings = {}): GitHubClient {
  const baseUrl = settings.baseUrl ?? (process.env['GITHUB_API_URL'] || 'https://api.github.com');
  const throttle = {
    onRateLimit: (
      retryAfter: number,
      options: { method: string; url: string },
      _octokit: unknown,
      retryCount: number
    ) => {
      core.warning(
        `GitHub API rate limit hit on ${options.method} ${options.url}; retrying after ${retryAfter}s`
      );
      return retryCount < MAX_RATE_LIMIT_RETRIES;
    },
    onSecondaryRateLimit: (
      retryAfter: number,
      options: { method: string; url: string },
      _octokit: unknown,
      retryCount: number
    ) => {
      core.warning(
        `GitHub API secondary rate limit on ${options.method} ${options.url}; retrying after ${retryAfter}s`
      );
      return retryCount < MAX_RATE_LIMIT_RETRIES;
    },
    ...settings.throttle
  };
  // The plugins' option keys are declared by module augmentation that getOctokit's options type
  // does not pick up, hence the cast.
  const options = { baseUrl, throttle, retry: settings.retry ?? {} } as Parameters<typeof getOctokit>[1];
  return getOctokit(token, options, retry, throttling);
}
