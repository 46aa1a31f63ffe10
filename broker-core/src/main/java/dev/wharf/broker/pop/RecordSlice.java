package dev.wharf.broker.pop;

import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One stored record inside a read's concatenated records, found by walking the TOTALSIZE fields, so a
 * pop can keep, drop or re-encode single messages without decoding the others.
 *
 * @param source the concatenated records
 * @param start where this record starts in {@code source}
 * @param length the record's TOTALSIZE
 * @param queueOffset the record's QUEUEOFFSET
 */
record RecordSlice(byte[] source, int start, int length, long queueOffset) {

    static List<RecordSlice> split(byte[] records) {
        ByteBuffer buffer = ByteBuffer.wrap(records);
        List<RecordSlice> slices = new ArrayList<>();
        int position = 0;
        while (position + StoredMessageCodec.MIN_RECORD_SIZE <= records.length) {
            int length = buffer.getInt(position);
            if (length < StoredMessageCodec.MIN_RECORD_SIZE || position + length > records.length) {
                throw new IllegalStateException("a stored record at " + position + " claims " + length + " bytes");
            }
            slices.add(new RecordSlice(records, position, length,
                    buffer.getLong(position + StoredMessageCodec.QUEUE_OFFSET_POSITION)));
            position += length;
        }
        return slices;
    }

    StoredMessage decode() {
        return StoredMessageCodec.decode(ByteBuffer.wrap(source, start, length).slice());
    }

    void writeTo(ByteArrayOutputStream out) {
        out.write(source, start, length);
    }
}
