import * as vscode from 'vscode';
import { grantModelAccess, grantModelViewAccess, requireModelAccess, type ModelAccess } from '../core/models/modelAccess';

/*
 * The one place the extension turns Workspace Trust into the capability to load models (issue 17 item 7). Core code
 * cannot load a model or read a model card without a ModelAccess; ESLint allows granting one only here and in the CLI.
 */

/** Full model access in a trusted workspace; undefined in Restricted Mode. */
export function trustedModelAccess(): ModelAccess | undefined {
  return vscode.workspace.isTrusted ? grantModelAccess() : undefined;
}

/** Full model access, or UNTRUSTED_WORKSPACE naming `action` (e.g. 'Predict on Dataset'). */
export function requireTrustedModelAccess(action: string): ModelAccess {
  return requireModelAccess(trustedModelAccess(), action);
}

/** Access to show a model: full when trusted; in Restricted Mode pure-data formats only (no ONNX, no cards). */
export function modelViewAccess(): ModelAccess {
  return vscode.workspace.isTrusted ? grantModelAccess() : grantModelViewAccess();
}
