#!/bin/sh
# Genba talks to robots over USB serial adapters, which Debian gives to the dialout group.
echo "Genba: add operators to the 'dialout' group to use USB serial adapters (sudo usermod -aG dialout <user>)."
