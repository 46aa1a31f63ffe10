package dev.wharf.broker.filter;

import dev.wharf.store.MessageFilter;
import dev.wharf.message.TagsCode;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.ResponseCode;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A TAG subscription ({@code *} or {@code TagA || TagB}) as a consume-queue filter on tag hash codes. The
 * client re-checks the exact tag string, so a hash collision only costs a wasted transfer.
 *
 * <pre>{@code
 * MessageFilter filter = TagFilter.parse("TAG", "TagA || TagB");
 * filter.matches(TagsCode.of("TagA"));   // true
 * }</pre>
 */
public final class TagFilter implements MessageFilter {

    /** The expression type of tag subscriptions, also assumed when none is given. */
    public static final String TAG = "TAG";
    public static final String SQL92 = "SQL92";
    private static final String ALL = "*";

    private final Set<Long> codes;

    private TagFilter(Set<Long> codes) {
        this.codes = codes;
    }

    /**
     * The filter for a subscription expression.
     *
     * @throws RemotingCommandException SUBSCRIPTION_PARSE_FAILED for SQL92 (not supported yet) or an unknown type
     */
    public static MessageFilter parse(String expressionType, String expression) {
        requireTagType(expressionType, expression);
        Set<String> tags = tags(expression);
        if (tags.isEmpty()) {
            return MessageFilter.ALL;
        }
        Set<Long> codes = new LinkedHashSet<>();
        tags.forEach(tag -> codes.add(TagsCode.of(tag)));
        return new TagFilter(Set.copyOf(codes));
    }

    /**
     * Checks that an expression type is one this broker filters by.
     *
     * @throws RemotingCommandException SUBSCRIPTION_PARSE_FAILED otherwise
     */
    public static void requireTagType(String expressionType, String expression) {
        if (expressionType == null || expressionType.isEmpty() || TAG.equalsIgnoreCase(expressionType)) {
            return;
        }
        if (SQL92.equalsIgnoreCase(expressionType)) {
            throw new RemotingCommandException(ResponseCode.SUBSCRIPTION_PARSE_FAILED,
                    "SQL92 filtering is not supported by this broker yet; subscribe by TAG instead of '"
                            + expression + "'");
        }
        throw new RemotingCommandException(ResponseCode.SUBSCRIPTION_PARSE_FAILED,
                "unknown expression type '" + expressionType.toUpperCase(Locale.ROOT) + "', expected TAG");
    }

    /** The tags of an expression; empty for {@code *}, blank or {@code null}, which take every message. */
    public static Set<String> tags(String expression) {
        Set<String> tags = new LinkedHashSet<>();
        if (expression == null || expression.isBlank() || ALL.equals(expression.trim())) {
            return tags;
        }
        for (String tag : expression.split("\\|\\|")) {
            String trimmed = tag.trim();
            if (!trimmed.isEmpty()) {
                tags.add(trimmed);
            }
        }
        return tags;
    }

    @Override
    public boolean matches(long tagsCode) {
        return codes.contains(tagsCode);
    }
}
