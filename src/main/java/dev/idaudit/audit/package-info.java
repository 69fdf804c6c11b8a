/**
 * The audit pipeline, below the CLI: reads the settings, the rule pack and the waivers, builds
 * the model, checks it, compares with a previous run, assembles the report input and decides
 * the verdict. Every command ({@code run}, {@code demo}, {@code check}, {@code sandbox bench})
 * goes through it, so completeness is judged in one place: a run with data not collected or
 * rules not evaluated says so the same way everywhere.
 */
package dev.idaudit.audit;
