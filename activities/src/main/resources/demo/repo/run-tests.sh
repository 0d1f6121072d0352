#!/bin/sh
# Compiles the calculator and its tests with the JDK alone, then runs them.
set -e
rm -rf build
mkdir -p build/classes
javac -d build/classes $(find src -name '*.java' | sort)
java -cp build/classes demo.CalculatorTest
