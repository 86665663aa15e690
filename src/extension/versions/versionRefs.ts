import { basename } from 'node:path';
import * as vscode from 'vscode';
import { dvcRevisions, dvcRevisionVersion } from '../../core/versions/sources/dvc';
import { gitVersion } from '../../core/versions/sources/git';
import { listRuns, runVersion } from '../../core/versions/sources/mlflow';
import { fileVersion } from '../../core/versions/sources/resolveVersion';
import type { ModelVersion } from '../../core/versions/types';
import { InputError } from '../../core/errors';
import type { VersionRef } from '../../shared/versionsProtocol';

/** Opens a reference as a ModelVersion (temp copies for git/DVC; call dispose when done). */
export async function openVersion(ref: VersionRef): Promise<ModelVersion> {
  if ((ref.kind === 'git' || ref.kind === 'dvc') && !vscode.workspace.isTrusted) {
    throw new InputError('UNTRUSTED_WORKSPACE', 'Reading earlier git revisions runs git in this repository; trust the workspace first (Manage Workspace Trust).');
  }
  switch (ref.kind) {
    case 'file':
      return fileVersion(ref.path);
    case 'git':
      return gitVersion(ref.path, ref.rev);
    case 'mlflow': {
      const run = listRuns(ref.mlruns).find((r) => r.runId === ref.runId);
      if (!run) throw new InputError('MLFLOW_RUN', `MLflow run ${ref.runId} is no longer in ${ref.mlruns}.`, { runId: ref.runId });
      return runVersion(run);
    }
    case 'dvc': {
      const rev = (await dvcRevisions(ref.path)).find((r) => r.md5 === ref.md5);
      if (!rev) throw new InputError('DVC_REVISION', `DVC revision ${ref.md5} of ${basename(ref.path)} was not found in the history of its dvc.lock/.dvc file.`, { md5: ref.md5 });
      return dvcRevisionVersion(ref.path, rev);
    }
  }
}

/** Short text for titles and quick picks. */
export function refLabel(ref: VersionRef): string {
  switch (ref.kind) {
    case 'file':
      return basename(ref.path);
    case 'git':
      return `${basename(ref.path)} @ ${ref.rev.slice(0, 7)}`;
    case 'mlflow':
      return `MLflow run ${ref.runId.slice(0, 8)}`;
    case 'dvc':
      return `${basename(ref.path)} @ dvc ${ref.commit.slice(0, 7)}`;
  }
}

/** A key for remembering the evaluation choice per model (the file, or the MLflow folder). */
export function modelKey(ref: VersionRef): string {
  return ref.kind === 'mlflow' ? `mlflow:${ref.mlruns}` : `file:${ref.path}`;
}
