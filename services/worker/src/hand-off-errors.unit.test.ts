import { Metadata, status } from '@grpc/grpc-js';
import { PayloadConverterError, ServiceError, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DatabaseError } from 'pg';
import { isPermanentHandOffError, StoryHandOffError } from './hand-off-errors';

// What the Temporal client throws for a failed call: a ServiceError whose cause is grpc-js's error for the status
// (`callErrorFromStatus` builds `${code} ${Status[code]}: ${details}` with code, details and metadata).
const grpcError = (code: status, details: string): Error =>
  Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() });
const fromClient = (code: status, details: string): ServiceError =>
  new ServiceError('Failed to signalWithStart Workflow', { cause: grpcError(code, details) });

describe('isPermanentHandOffError', () => {
  it.each([
    ['UNAVAILABLE', status.UNAVAILABLE],
    ['DEADLINE_EXCEEDED', status.DEADLINE_EXCEEDED],
    ['RESOURCE_EXHAUSTED', status.RESOURCE_EXHAUSTED],
    ['INTERNAL', status.INTERNAL],
    ['UNKNOWN', status.UNKNOWN],
  ])('keeps retrying %s (an outage)', (_name, code) => {
    expect(isPermanentHandOffError(fromClient(code, 'No connection established'))).toBe(false);
  });

  it.each([
    ['INVALID_ARGUMENT', status.INVALID_ARGUMENT],
    ['FAILED_PRECONDITION', status.FAILED_PRECONDITION],
  ])('gives up on %s (the request itself is wrong)', (_name, code) => {
    expect(isPermanentHandOffError(fromClient(code, 'Blob data size exceeds limit.'))).toBe(true);
  });

  it('keeps retrying connection errors, Postgres errors and errors it does not know', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:7233'), { code: 'ECONNREFUSED' });
    const pgDown = new DatabaseError('terminating connection due to administrator command', 0, 'error');
    pgDown.code = '57P01';
    expect(isPermanentHandOffError(refused)).toBe(false);
    expect(isPermanentHandOffError(new ServiceError('Failed to connect to Temporal server', { cause: refused }))).toBe(
      false,
    );
    expect(isPermanentHandOffError(pgDown)).toBe(false);
    expect(isPermanentHandOffError(new Error('something else'))).toBe(false);
    expect(isPermanentHandOffError('a string')).toBe(false);
    expect(isPermanentHandOffError(new WorkflowExecutionAlreadyStartedError('started', 'wf', 'type'))).toBe(false);
  });

  it('gives up on a payload the converter cannot encode and on our own mapping error, also as a cause', () => {
    expect(isPermanentHandOffError(new PayloadConverterError('Unable to serialize value'))).toBe(true);
    expect(isPermanentHandOffError(new StoryHandOffError('no workflow input for story x'))).toBe(true);
    expect(isPermanentHandOffError(new Error('wrapped', { cause: new StoryHandOffError('bad story') }))).toBe(true);
  });
});
