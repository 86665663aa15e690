import * as vscode from 'vscode';
import type { ProfileOptions } from '../../core/profile/profileDataset';

/**
 * The `modelLens.profile.exact` setting as profile options: when on, every figure is exact at any size (the
 * CLI's --exact); off (the default), large data gets estimates above the exact-size limit, flagged with their error.
 */
export function profileExactOptions(): Pick<ProfileOptions, 'exactRowLimit'> {
  return vscode.workspace.getConfiguration('modelLens').get<boolean>('profile.exact', false) === true ? { exactRowLimit: Number.MAX_SAFE_INTEGER } : {};
}
