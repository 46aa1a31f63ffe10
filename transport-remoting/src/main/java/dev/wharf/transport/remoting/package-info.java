/**
 * Apache RocketMQ's Remoting protocol over TCP, byte-compatible with the official {@code rocketmq-client}
 * 4.9.x and 5.x: {@link dev.wharf.transport.remoting.NettyRemotingServer},
 * {@link dev.wharf.transport.remoting.NettyRemotingClient}, and
 * {@link dev.wharf.transport.remoting.RemotingTransportProvider} which the
 * {@link dev.wharf.transport.spi.TransportRegistry} finds through {@link java.util.ServiceLoader}.
 *
 * <p>Inside, every channel, server or client side, has the same pipeline: an optional idle timeout, the
 * frame decoder (length-prefixed, refused before buffering when too long), the frame encoder (one
 * direct buffer per frame), and one inbound handler that sends requests to a processor table and
 * responses to the request waiting for them, by opaque. Headers are JSON (Jackson streaming, fastjson's
 * key set) or RocketMQ's binary layout; a command leaves in its own serialize type unless its code does
 * not fit the binary header's 16 bits.
 */
package dev.wharf.transport.remoting;
