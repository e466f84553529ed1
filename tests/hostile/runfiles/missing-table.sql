-- a run file without its checks table.
DROP TABLE checks;
