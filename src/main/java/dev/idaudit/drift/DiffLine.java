package dev.idaudit.drift;

/** One line of a line diff: kept, removed (only before) or added (only after). */
public record DiffLine(Op op, String text) {

    public enum Op {
        SAME, REMOVED, ADDED;

        /** The marker a unified diff puts before the line. */
        public char marker() {
            return switch (this) {
                case SAME -> ' ';
                case REMOVED -> '-';
                case ADDED -> '+';
            };
        }
    }
}
