package dev.idaudit.rules;

/** A finding's status; see RULES.md "Finding statuses". */
public enum Status {
    PASS, FAIL, WAIVED, NOT_EVALUATED, ERROR
}
