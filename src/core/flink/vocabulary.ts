// The DataStream API vocabulary the job model and the rules read (names normalised to camelCase), and window
// assigners. Pure. Lookups by a name read from the source go through Set/Map or Object.hasOwn, never `name in table`
// or `TABLE[name]` on a plain object (an identifier such as `constructor` would find Object.prototype).

import type { Expr, SourceRange } from './facts';
import { durationMs, type CallExpr } from './exprs';

/** Calls on the environment that create a stream. */
export const SOURCE_CALLS = new Set([
  'fromSource',
  'addSource',
  'fromCollection',
  'fromElements',
  'fromData',
  'fromSequence',
  'socketTextStream',
  'readTextFile',
  'readFile',
  'createInput',
  'createPythonSource',
]);
export const SINK_CALLS = new Set(['sinkTo', 'addSink', 'print', 'printToErr', 'writeAsText', 'writeAsCsv', 'writeToSocket']);
/** Calls that redistribute records between subtasks (a network shuffle). */
export const PARTITION_CALLS = new Set(['keyBy', 'rebalance', 'rescale', 'shuffle', 'broadcast', 'global', 'partitionCustom']);
/** Calls that turn a keyed stream into a windowed one (no operator of their own). */
export const WINDOW_CALLS = new Set(['window', 'windowAll', 'countWindow', 'countWindowAll', 'timeWindow', 'timeWindowAll']);
/** Calls that configure the operator before them rather than adding one. */
export const CONFIG_CALLS = new Set([
  'uid',
  'name',
  'setParallelism',
  'setMaxParallelism',
  'setUidHash',
  'returns',
  'slotSharingGroup',
  'disableChaining',
  'startNewChain',
  'setDescription',
  'setBufferTimeout',
  'trigger',
  'evictor',
  'allowedLateness',
  'sideOutputLateData',
  'forceNonParallel',
  'setRuntimeMode',
  'withIdleness',
  'withTimestampAssigner',
  'withWatermarkAlignment',
]);
/** Calls that add an operator to the job graph. */
export const OPERATOR_CALLS = new Set([
  'map',
  'flatMap',
  'filter',
  'process',
  'reduce',
  'aggregate',
  'apply',
  'sum',
  'min',
  'max',
  'minBy',
  'maxBy',
  'coMap',
  'coFlatMap',
  'join',
  'coGroup',
  'intervalJoin',
  'assignTimestampsAndWatermarks',
  'project',
  'iterate',
  'transform',
  'keyedProcess',
]);
/**
 * Calls that merge streams without an operator of their own (Flink's plan has no node for them): the next operator
 * reads every input directly (a.union(b).map(f): edges a -> map and b -> map).
 */
export const MERGE_CALLS = new Set(['union', 'connect']);
/** Sources Flink runs at parallelism 1 whatever the default (non-parallel source functions). */
export const NON_PARALLEL_SOURCES = new Set(['fromElements', 'fromCollection', 'fromData', 'socketTextStream']);
/** Operators created at their input's parallelism, not the default (DataStream#assignTimestampsAndWatermarks). */
export const INHERIT_PARALLELISM = new Set(['assignTimestampsAndWatermarks']);
/** Operators after windowAll/countWindowAll: Flink forces parallelism 1. */
export const NON_PARALLEL_WINDOWS = new Set(['windowAll', 'countWindowAll', 'timeWindowAll']);

/**
 * Calls only a Flink stream has: a chain on an unknown receiver that uses one is a stream. Generic names are left out
 * on purpose: print (a Table API TableResult, Python's built-in), process, shuffle (Collections.shuffle,
 * random.shuffle), broadcast, global.
 */
export const STREAM_EVIDENCE = new Set([
  'keyBy',
  'rebalance',
  'rescale',
  'partitionCustom',
  ...WINDOW_CALLS,
  'sinkTo',
  'addSink',
  'uid',
  'setUidHash',
  'setParallelism',
  'slotSharingGroup',
  'assignTimestampsAndWatermarks',
]);

/**
 * AsyncDataStream's static calls: each adds one async I/O operator (AsyncWaitOperator) reading the stream passed as
 * the first argument (dev/datastream/operators/asyncio).
 */
export const ASYNC_CALLS = new Set(['unorderedWait', 'orderedWait', 'unorderedWaitWithRetry', 'orderedWaitWithRetry']);

/**
 * Calls only a StreamExecutionEnvironment has: a receiver the file does not declare (an untyped parameter, a
 * variable set by a helper: `env = create_env()`) that makes one is an environment. Not fromElements/fromCollection
 * (a TableEnvironment has them too), nor execute or setParallelism (a statement set, an operator).
 */
export const ENV_EVIDENCE = new Set([
  'fromSource',
  'addSource',
  'fromSequence',
  'socketTextStream',
  'readTextFile',
  'enableCheckpointing',
  'getCheckpointConfig',
  'setStreamTimeCharacteristic',
  'setRuntimeMode',
]);

/** Calls that create an execution environment. */
export const ENV_CALLS = new Set(['getExecutionEnvironment', 'createLocalEnvironment', 'createRemoteEnvironment']);
/** Table API calls that give a DataStream (StreamTableEnvironment). */
export const TABLE_TO_STREAM_CALLS = new Set(['toDataStream', 'toChangelogStream', 'toAppendStream', 'toRetractStream']);

/** Declared types of variables and parameters that are a Flink environment or stream, and what they stand for. */
export const DECLARED_STREAM_TYPES = new Map<string, 'env' | 'stream' | 'keyed' | 'windowed' | 'allWindowed'>([
  ['StreamExecutionEnvironment', 'env'],
  ['DataStream', 'stream'],
  ['DataStreamSource', 'stream'],
  ['SingleOutputStreamOperator', 'stream'],
  ['SideOutputDataStream', 'stream'],
  ['ConnectedStreams', 'stream'],
  ['BroadcastConnectedStream', 'stream'],
  ['KeyedStream', 'keyed'],
  ['WindowedStream', 'windowed'],
  ['AllWindowedStream', 'allWindowed'],
]);

/** Processing-time window assigners and their event-time twins. */
export const PROCESSING_TIME_ASSIGNERS = new Map<string, string>([
  ['TumblingProcessingTimeWindows', 'TumblingEventTimeWindows'],
  ['SlidingProcessingTimeWindows', 'SlidingEventTimeWindows'],
  ['ProcessingTimeSessionWindows', 'EventTimeSessionWindows'],
  ['DynamicProcessingTimeSessionWindows', 'DynamicEventTimeSessionWindows'],
]);
export const EVENT_TIME_ASSIGNERS = new Set([
  'TumblingEventTimeWindows',
  'SlidingEventTimeWindows',
  'EventTimeSessionWindows',
  'DynamicEventTimeSessionWindows',
]);
export const WATERMARK_STRATEGY_CALLS = new Set(['forBoundedOutOfOrderness', 'forMonotonousTimestamps', 'forGenerator']);
export const STATE_DESCRIPTORS = new Set([
  'ValueStateDescriptor',
  'ListStateDescriptor',
  'MapStateDescriptor',
  'ReducingStateDescriptor',
  'AggregatingStateDescriptor',
]);

export interface WindowFact {
  /** The assigner class, e.g. TumblingEventTimeWindows. */
  assigner: string;
  /**
   * 'unset' for the deprecated timeWindow()/timeWindowAll() in a file that sets no time characteristic: event time
   * on Flink 1.12 and later (the default characteristic became EventTime), processing time before.
   */
  time: 'event' | 'processing' | 'unset';
  /** Window size (or session gap) in ms, when it is a literal Duration/Time. */
  sizeMs?: number;
  kind: 'tumbling' | 'sliding' | 'session';
  /** The assigner call (TumblingEventTimeWindows.of(...)); `classRange` is the class name. */
  call: CallExpr;
  classRange: SourceRange;
}

export function windowOf(e: Expr): WindowFact | undefined {
  if (e.k !== 'call' || !e.target || e.target.k !== 'id') return undefined;
  const assigner = e.target.name;
  const processing = PROCESSING_TIME_ASSIGNERS.has(assigner);
  if (!processing && !EVENT_TIME_ASSIGNERS.has(assigner)) return undefined;
  const kind = assigner.startsWith('Tumbling') ? 'tumbling' : assigner.startsWith('Sliding') ? 'sliding' : 'session';
  return { assigner, time: processing ? 'processing' : 'event', sizeMs: durationMs(e.args[0]), kind, call: e, classRange: e.target.range };
}

/**
 * The deprecated `keyed.timeWindow(size[, slide])` / `timeWindowAll(...)`: a tumbling (one size) or sliding window
 * whose time is the environment's time characteristic (setStreamTimeCharacteristic, `characteristic` its argument).
 */
export function timeWindowOf(e: Expr, characteristic: string | undefined): WindowFact | undefined {
  if (e.k !== 'call' || !e.target || (e.name !== 'timeWindow' && e.name !== 'timeWindowAll') || e.args.length === 0) return undefined;
  const time = characteristic === undefined ? 'unset' : /ProcessingTime/.test(characteristic) ? 'processing' : 'event';
  return {
    assigner: `${e.name}()`,
    time,
    sizeMs: durationMs(e.args[0]),
    kind: e.args.length > 1 ? 'sliding' : 'tumbling',
    call: e,
    classRange: e.nameRange,
  };
}
