/** The instrumentation scope name of the spans (`trace.getTracer(TRACER_NAME)`). */
export const TRACER_NAME = 'vcdevtool-connection';
