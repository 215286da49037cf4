import type { KafkaMessage, Producer } from 'kafkajs';
import { dlqTopicFor } from '@newswindow/schemas';
import { deadLetterMessage } from './dead-letter';

/** Thrown when a message cannot be sent to its dead-letter topic; the batch is retried, its offsets stay uncommitted. */
export class DeadLetterError extends Error {
  readonly retriable = true;
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: string,
    options?: { cause?: unknown },
  ) {
    super(`could not dead-letter ${topic}[${partition}]@${offset}`, options);
    this.name = 'DeadLetterError';
  }
}

/** A message that cannot be stored, with the one-line reason its dead-letter copy carries. */
export interface DeadMessage {
  readonly message: KafkaMessage;
  readonly reason: string;
  /** Its copy keeps only the first bytes (it is over the message limit). */
  readonly oversized?: boolean;
}

/** Sends the dead messages of one partition to the topic's DLQ; throws {@link DeadLetterError} when it cannot. */
export type SendToDlq = (topic: string, partition: number, dead: readonly DeadMessage[]) => Promise<void>;

/** What the dead-letter sender needs. */
export interface DeadLetterSenderDeps {
  readonly groupId: string;
  /** The consumer's producer (connected when it starts; before that a send fails as a {@link DeadLetterError}). */
  readonly producer: () => Producer | undefined;
  readonly log: (line: string) => void;
  /** Called with the number of messages the DLQ acknowledged. */
  readonly onDeadLettered: (count: number) => void;
}

/** Sends dead messages (original bytes, reason, topic/partition/offset in headers) with acks from all replicas. */
export function createDeadLetterSender(deps: DeadLetterSenderDeps): SendToDlq {
  return async (topic, partition, dead) => {
    if (dead.length === 0) return;
    const source = { topic, partition, consumerGroup: deps.groupId };
    try {
      await deps.producer()!.sendBatch({
        topicMessages: [
          {
            topic: dlqTopicFor(topic),
            messages: dead.map((d) => deadLetterMessage(d.message, d.reason, source, d.oversized === true)),
          },
        ],
        acks: -1,
      });
    } catch (err) {
      throw new DeadLetterError(topic, partition, dead[0]?.message.offset ?? '?', { cause: err });
    }
    deps.onDeadLettered(dead.length);
    for (const d of dead)
      deps.log(`${topic}[${partition}]@${d.message.offset} → ${dlqTopicFor(topic)}: ${d.reason.slice(0, 300)}`);
  };
}
