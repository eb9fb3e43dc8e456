package dev.modelgate.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.store.UsageRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The spool's framing: each record is its length (4 bytes), the CRC-32 of its bytes (4 bytes) and
 * its JSON. A frame cut short or failing its checksum is where a crash interrupted a write that was
 * never acknowledged, so reading stops there.
 */
final class SpoolFrames {
  private static final int HEADER = 8;
  private static final int MAX_RECORD = 1 << 20;

  private SpoolFrames() {}

  static byte[] frame(UsageRecord record) {
    byte[] json = UsageRecordJson.bytes(record);
    CRC32 crc = new CRC32();
    crc.update(json);
    return ByteBuffer.allocate(HEADER + json.length)
        .putInt(json.length)
        .putInt((int) crc.getValue())
        .put(json)
        .array();
  }

  static List<UsageRecord> read(byte[] segment) {
    List<UsageRecord> records = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.wrap(segment);
    while (buffer.remaining() >= HEADER) {
      int length = buffer.getInt();
      int checksum = buffer.getInt();
      if (length <= 0 || length > MAX_RECORD || length > buffer.remaining()) {
        break;
      }
      byte[] json = new byte[length];
      buffer.get(json);
      CRC32 crc = new CRC32();
      crc.update(json);
      if ((int) crc.getValue() != checksum) {
        break;
      }
      try {
        JsonNode node = Json.parse(json);
        records.add(UsageRecordJson.read(node));
      } catch (IOException | RuntimeException e) {
        break;
      }
    }
    return records;
  }
}
