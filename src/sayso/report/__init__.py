"""Reports: each reads only the contract dict, so every output agrees with the JSON."""
