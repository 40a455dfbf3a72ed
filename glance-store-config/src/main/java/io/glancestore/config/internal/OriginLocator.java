package io.glancestore.config.internal;

import io.glancestore.config.ConfigFileException;
import io.glancestore.exception.BadStoreConfigurationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a driver's or the cache's complaint about an option ({@code ... option 'x' must be ...})
 * at the file and line where the option was set, or names who chose a value nobody wrote.
 *
 * @param source the configuration file, or {@code null} for configuration in code
 * @param origins where each option was set, by backend id
 */
public record OriginLocator(Path source, Map<String, Map<String, Origin>> origins) {

    private static final Pattern OPTION_IN_MESSAGE = Pattern.compile("option '([^']+)'");

    /**
     * Locates a backend's complaint in that backend's own options.
     *
     * @param e the complaint
     * @param backendId the backend
     * @return the complaint with file and line when known
     */
    public BadStoreConfigurationException locate(BadStoreConfigurationException e, String backendId) {
        if (e instanceof ConfigFileException) {
            return e;
        }
        return locate(e, List.of(origins.getOrDefault(backendId, Map.of())));
    }

    /**
     * Locates a complaint in the options of any backend.
     *
     * @param e the complaint
     * @return the complaint with file and line when known
     */
    public ConfigFileException locateAnywhere(BadStoreConfigurationException e) {
        return locate(e, origins.values());
    }

    private ConfigFileException locate(BadStoreConfigurationException e, Iterable<Map<String, Origin>> where) {
        String problem = String.valueOf(e.getMessage());
        String prefix = source + " ";
        if (source != null && problem.startsWith(prefix)) {
            problem = problem.substring(prefix.length());
        }
        Matcher m = OPTION_IN_MESSAGE.matcher(problem);
        if (m.find()) {
            String key = m.group(1);
            for (Map<String, Origin> at : where) {
                Origin o = at.get(key);
                if (o != null && o.file() != null) {
                    return new ConfigFileException(o.file(), o.line(), key, problem, e);
                }
                if (o != null && o.note() != null) {
                    // A value nobody wrote, such as a path Kolla sets: say who chose it.
                    return new ConfigFileException(source, 0, key, problem + " (the " + o.note() + ")", e);
                }
            }
        }
        return new ConfigFileException(source, 0, null, problem, e);
    }

    /**
     * Locates the image cache's complaint about one of its options.
     *
     * @param source the configuration file
     * @param cacheOrigins where each cache option was set
     * @param e the complaint
     * @return the complaint with file and line when known
     */
    public static ConfigFileException locateCache(Path source, Map<String, Origin> cacheOrigins,
            BadStoreConfigurationException e) {
        Matcher m = OPTION_IN_MESSAGE.matcher(String.valueOf(e.getMessage()));
        String key = m.find() ? m.group(1) : null;
        Origin o = key == null ? null : cacheOrigins.get(key);
        String problem = String.valueOf(e.getMessage()).replaceFirst("^image cache options: ", "");
        return new ConfigFileException(o != null && o.file() != null ? o.file() : source, o == null ? 0 : o.line(),
                key, problem, e);
    }
}
