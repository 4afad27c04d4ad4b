package io.nnpipe.output;

import java.util.ArrayList;
import java.util.List;

/**
 * What differs between the run a {@link Checkpoint} belongs to and the run that would continue it
 * ({@link RunManifest} of this config, data, plugins and build), told in words for {@code --resume}:
 * {@link #changes} are what make resuming mix two runs (refused unless
 * {@code --allow-config-change}, and then recorded in the manifest); {@link #warnings} are what the
 * person resuming should know although the run continues. Pure: reads nothing from disk.
 */
public final class ResumeDifferences {
    private ResumeDifferences() {
    }

    /**
     * What differs between the run a checkpoint belongs to and this one: the first differing line
     * of the resolved configs, the first differing data file and the plugins that differ;
     * {@code null} when they are the same. All are named: a run continued with {@code --allow-config-change} records this, and
     * used to leave changed data out when the config had changed too (QA, second pass).
     */
    public static String changes(Checkpoint c, RunManifest identity) {
        List<String> parts = new ArrayList<>();
        for (String part : new String[] {configChange(c, identity), dataChange(c, identity), pluginChange(c, identity)}) {
            if (part != null) {
                parts.add(part);
            }
        }
        return parts.isEmpty() ? null : String.join("; and ", parts);
    }

    /**
     * What the person resuming should know although the run continues: plugins an older checkpoint
     * cannot vouch for ({@link ResumePlugins#unchecked}), and another nnpipe build than the one that
     * wrote the checkpoint (it is not refused: a new build normally gives the same numbers, and the
     * golden-run checks are what prove that; but a build that changed them would continue the run
     * with other arithmetic than its first epochs had).
     */
    public static List<String> warnings(Checkpoint c, RunManifest identity) {
        List<String> out = new ArrayList<>();
        String plugins = ResumePlugins.unchecked(c, identity);
        if (plugins != null) {
            out.add(plugins);
        }
        BuildInfo was = c.tool();
        BuildInfo now = identity.build();
        boolean commits = was != null && !was.commit().equals(BuildInfo.UNKNOWN) && !now.commit().equals(BuildInfo.UNKNOWN);
        if (was != null && (!was.version().equals(now.version()) || commits && !was.commit().equals(now.commit()))) {
            out.add("the checkpoint was written by " + describe(was) + ", and this is " + describe(now) + ": if a change"
                    + " between them changed the numbers, the epochs after the checkpoint differ from an uninterrupted"
                    + " run of either (verify against a golden run shows whether they do)");
        }
        return out;
    }

    private static String describe(BuildInfo b) {
        String commit = b.commit().length() > 12 ? b.commit().substring(0, 12) : b.commit();
        return "nnpipe " + b.version() + " (commit " + commit + ("true".equals(b.dirty()) ? ", modified" : "") + ")";
    }

    private static String pluginChange(Checkpoint c, RunManifest identity) {
        if (c.plugins() == null || identity.plugins() == null) {
            return null; // an older checkpoint: see ResumePlugins.unchecked
        }
        return ResumePlugins.joined(ResumePlugins.differences(c.plugins(), identity.plugins(), identity.registry()));
    }

    private static String configChange(Checkpoint c, RunManifest identity) {
        if (!c.configSha256().equals(identity.resolvedSha256())) {
            String[] was = c.configText().split("\n", -1);
            String[] now = identity.resolvedText().split("\n", -1);
            for (int i = 0; i < Math.max(was.length, now.length); i++) {
                String a = i < was.length ? was[i].strip() : "(nothing)";
                String b = i < now.length ? now[i].strip() : "(nothing)";
                if (!a.equals(b)) {
                    return "the config differs from the one the run was started with (first difference, line " + (i + 1)
                            + " of the resolved config: was " + clip(a) + ", now " + clip(b) + ")";
                }
            }
            return "the config differs from the one the run was started with";
        }
        return null;
    }

    private static String dataChange(Checkpoint c, RunManifest identity) {
        // Data are compared by content, not by path: a run resumed from another working directory,
        // or with the config's path spelt another way, reads the same files under other names.
        List<RunManifest.DataFile> now = identity.dataFiles();
        for (int i = 0; i < Math.max(c.data().size(), now.size()); i++) {
            RunManifest.DataFile a = i < c.data().size() ? c.data().get(i) : null;
            RunManifest.DataFile b = i < now.size() ? now.get(i) : null;
            if (a == null || !a.sameData(b)) {
                return "the data differ from those the run was started with (was " + describe(a) + ", now "
                        + describe(b) + ")";
            }
        }
        return null;
    }

    private static String describe(RunManifest.DataFile f) {
        return f == null ? "no file" : f.role() + " file " + f.path() + " with SHA-256 " + f.sha256().substring(0, 12) + "...";
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
