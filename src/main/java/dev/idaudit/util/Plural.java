package dev.idaudit.util;

/** A count with the word that agrees with it, for what people read: "1 rule", "7 rules". */
public final class Plural {
    private Plural() {}

    /** "1 new failure", "7 new failures". */
    public static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
