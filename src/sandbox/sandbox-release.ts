/** A GitHub release: a tag with a name and notes. */
export interface Release {
  id: number;
  repo: string;
  tag: string;
  name: string;
  body: string;
  author: string;
  draft: boolean;
  prerelease: boolean;
  targetCommitish: string;
  createdAt: string;
  publishedAt: string | null;
}
