// Package webrtc is a stub of pion's peer connection.
package webrtc

// Configuration configures a peer connection.
type Configuration struct{ ICEServers []string }

// SessionDescription is an offer or answer.
type SessionDescription struct{ SDP string }

// PeerConnection gathers ICE candidates on UDP sockets until it is closed.
type PeerConnection struct{ cfg Configuration }

// NewPeerConnection creates a peer connection.
func NewPeerConnection(cfg Configuration) (*PeerConnection, error) {
	return &PeerConnection{cfg: cfg}, nil
}

// CreateOffer makes an offer.
func (pc *PeerConnection) CreateOffer() (SessionDescription, error) {
	return SessionDescription{}, nil
}

// SetLocalDescription starts gathering.
func (pc *PeerConnection) SetLocalDescription(SessionDescription) error { return nil }

// Close closes its sockets.
func (pc *PeerConnection) Close() error { return nil }
