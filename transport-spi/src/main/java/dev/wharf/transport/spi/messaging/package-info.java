/**
 * The messaging vocabulary of transports whose clients are not RocketMQ clients: a
 * {@link dev.wharf.transport.spi.messaging.MessagingService} to publish, receive, ack, nack and change the
 * invisible time of messages, and the values it takes and answers. A transport gets its service from
 * {@link dev.wharf.transport.spi.TransportContext#messaging}; a plugin needs nothing beyond this SPI.
 */
package dev.wharf.transport.spi.messaging;
