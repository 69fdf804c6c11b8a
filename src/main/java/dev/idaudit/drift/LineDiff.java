package dev.idaudit.drift;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff by longest common subsequence: the readable form of a changed policy document
 * or member list. Policies are small, so the quadratic table is fine; past {@link #MAX_CELLS}
 * the diff degrades to "all removed, all added" rather than using unbounded memory.
 */
public final class LineDiff {
    private LineDiff() {}

    static final long MAX_CELLS = 4_000_000L;

    public static List<DiffLine> diff(String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        List<DiffLine> out = new ArrayList<>();
        if ((long) (a.size() + 1) * (b.size() + 1) > MAX_CELLS) {
            a.forEach(line -> out.add(new DiffLine(DiffLine.Op.REMOVED, line)));
            b.forEach(line -> out.add(new DiffLine(DiffLine.Op.ADDED, line)));
            return List.copyOf(out);
        }
        // common[i][j] = length of the LCS of a[i..] and b[j..]
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            if (a.get(i).equals(b.get(j))) {
                out.add(new DiffLine(DiffLine.Op.SAME, a.get(i)));
                i++;
                j++;
            } else if (common[i + 1][j] >= common[i][j + 1]) {
                out.add(new DiffLine(DiffLine.Op.REMOVED, a.get(i++)));
            } else {
                out.add(new DiffLine(DiffLine.Op.ADDED, b.get(j++)));
            }
        }
        while (i < a.size()) {
            out.add(new DiffLine(DiffLine.Op.REMOVED, a.get(i++)));
        }
        while (j < b.size()) {
            out.add(new DiffLine(DiffLine.Op.ADDED, b.get(j++)));
        }
        return List.copyOf(out);
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
    }
}
