package dev.wharf.broker.client;

import java.util.Set;

/**
 * One subscription ({@code SubscriptionData}): a topic and its filter expression.
 *
 * @param classFilterMode legacy class filtering, kept as given
 * @param topic the subscribed topic
 * @param subString the expression: {@code *}, {@code TagA || TagB}, or SQL92
 * @param tagsSet the tags the client parsed from a TAG expression
 * @param codeSet the tags' hash codes
 * @param subVersion when the client made this subscription, epoch ms
 * @param expressionType {@code TAG} (also when absent) or {@code SQL92}
 */
public record SubscriptionData(
        boolean classFilterMode,
        String topic,
        String subString,
        Set<String> tagsSet,
        Set<Integer> codeSet,
        long subVersion,
        String expressionType) {

    public SubscriptionData {
        tagsSet = tagsSet == null ? Set.of() : Set.copyOf(tagsSet);
        codeSet = codeSet == null ? Set.of() : Set.copyOf(codeSet);
    }
}
