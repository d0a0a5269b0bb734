import { readFileSync } from 'node:fs';
import { ValidationError } from '@bosonic/core';
import { deserializeAs, PCVL_PREFIX } from '@bosonic/protocol';
import { jsonErrorOffset } from './json-error-offset.js';
import { type LoadedExperiment, type ReadExperimentOptions, readExperiment } from './read-experiment.js';

/** 1-based line and column of character `offset` of `text`. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** JSON.parse, with a syntax error reported as a ValidationError giving the line and column. */
function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    let where = '';
    if (offset !== undefined) {
      const { line, column } = lineAndColumn(text, offset);
      where = offset >= text.length ? ' (it ends too early)' : ` at line ${line}, column ${column}`;
    }
    throw new ValidationError(`${file}: not valid JSON${where}`, { field: 'file', cause: error });
  }
}

/**
 * Reads an experiment from text: the JSON experiment format, or a `:PCVL:Experiment:` string (plain or `zip:`,
 * as Perceval's `serialize(experiment)` writes it). `file` names the source in error messages.
 * @throws ValidationError naming the file and the JSON path of the problem.
 */
export function parseExperiment(
  text: string,
  file: string,
  options: ReadExperimentOptions = {},
): LoadedExperiment {
  const trimmed = text.trim();
  if (trimmed.startsWith(PCVL_PREFIX)) {
    if (options.parameters !== undefined && Object.keys(options.parameters).length > 0) {
      throw new ValidationError(`${file}: parameter values apply to JSON experiment files only`, {
        field: 'parameters',
      });
    }
    try {
      const experiment = deserializeAs(trimmed, 'Experiment');
      return { experiment, name: experiment.name, parameterNames: [] };
    } catch (error) {
      if (error instanceof ValidationError) {
        throw new ValidationError(`${file}: ${error.message}`, {
          field: error.field ?? 'file',
          cause: error,
        });
      }
      throw error;
    }
  }
  if (trimmed === '') throw new ValidationError(`${file}: the file is empty`, { field: 'file' });
  try {
    return readExperiment(parseJson(trimmed, file), options);
  } catch (error) {
    if (error instanceof ValidationError && !error.message.startsWith(`${file}:`)) {
      throw new ValidationError(`${file}: ${error.message}`, { field: error.field ?? 'file', cause: error });
    }
    throw error;
  }
}

/**
 * Reads an experiment file (see {@link parseExperiment}).
 * @throws ValidationError (field `file`) when the file cannot be read, and as {@link parseExperiment}.
 */
export function loadExperiment(path: string, options: ReadExperimentOptions = {}): LoadedExperiment {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not an experiment file'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new ValidationError(`${path}: ${reason}`, { field: 'file', cause: error });
  }
  return parseExperiment(text, path, options);
}
